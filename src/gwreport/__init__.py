"""gwreport：公文报告生成与校对。"""

__version__ = "0.1.0"
